package io.detektr.broker.tck.mem;

import io.detektr.broker.tck.BrokerContractSuite;
import org.junit.jupiter.api.DisplayName;

@DisplayName("in-memory provider passes the broker contract")
class MemoryContractTest extends BrokerContractSuite {
  @Override
  protected String brokerUri() {
    return "mem://contract";
  }
}
