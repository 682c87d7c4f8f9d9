package dev.checkpoint.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/** MongoDB 7 as a one-node replica set in a container; loaded only where Testcontainers is. */
final class MongoContainers {
  /** A started container's URI and how to stop it. */
  record Started(String uri, Runnable stop) {}

  private MongoContainers() {}

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  static Started start() {
    MongoDBContainer container = new MongoDBContainer(DockerImageName.parse("mongo:7"));
    container.start();
    return new Started(container.getReplicaSetUrl(), container::stop);
  }
}
