/**
 * Remote commands as data: {@link io.detektr.deploy.commands.Commands} returns argv lists
 * (unit-tested by equality); {@link io.detektr.deploy.commands.Parsers} reads what they print.
 */
package io.detektr.deploy.commands;
