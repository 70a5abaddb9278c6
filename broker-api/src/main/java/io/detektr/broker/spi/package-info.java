/** The provider SPI: implement {@link io.detektr.broker.spi.BrokerProvider} to add a broker. */
package io.detektr.broker.spi;
