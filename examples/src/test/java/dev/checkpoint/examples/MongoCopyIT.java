package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.checkpoint.testkit.TestMongo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Example 5 on mongo-java-server (in-process; the only MongoDB on these machines): a copy that
 * crashes right after a bulk write landed resumes, re-delivers that batch, and the upserts absorb
 * it.
 */
class MongoCopyIT {
  private static TestMongo server;
  private static MongoClient client;

  @BeforeAll
  static void start() {
    server = TestMongo.inProcess();
    client = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aCopyThatCrashesAfterItsFourthBulkWriteResumesToAnIdenticalTarget() {
    MongoCollection<Document> source = client.getDatabase("shop").getCollection("orders");
    MongoCollection<Document> target = client.getDatabase("warehouse").getCollection("orders");
    source.insertMany(MongoCopy.sampleOrders(5_500)); // ObjectId, string and int64 _ids mixed

    assertThatThrownBy(() -> MongoCopy.copy(client, source, crashingAfterBulkWrite(target, 4)))
        .hasMessageContaining("simulated crash");
    assertThat(target.countDocuments()).isEqualTo(4_000);
    long resumed = MongoCopy.copy(client, source, target);

    // The fourth batch landed but its position was never recorded: it is read and written again.
    assertThat(resumed).isEqualTo(2_500);
    assertThat(MongoCopy.sameDocuments(source, target)).isTrue();
    assertThat(target.countDocuments()).isEqualTo(5_500);
  }

  @Test
  void theExampleRunsFromTheJarOnItsOwnInProcessServer() throws Exception {
    JavaRun run = JavaRun.java(Repo.root(), DocCommands.javaArgs(DocCommands.MONGO_COPY), 300);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "copied 10,000 documents; shop.orders 10,000, warehouse.orders 10,000: identical");
  }

  /** The collection, except that its n-th bulkWrite throws after it was applied. */
  @SuppressWarnings("unchecked")
  private static MongoCollection<Document> crashingAfterBulkWrite(
      MongoCollection<Document> real, int n) {
    AtomicInteger writes = new AtomicInteger();
    return (MongoCollection<Document>)
        Proxy.newProxyInstance(
            MongoCollection.class.getClassLoader(),
            new Class<?>[] {MongoCollection.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("bulkWrite") && writes.incrementAndGet() == n) {
                throw new IllegalStateException("simulated crash after bulk write " + n);
              }
              return result;
            });
  }
}
