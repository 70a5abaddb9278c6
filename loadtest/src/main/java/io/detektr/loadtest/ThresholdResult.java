package io.detektr.loadtest;

/** One threshold checked against a run: its name, the limit, the measured value, the verdict. */
public record ThresholdResult(String name, String limit, String actual, boolean passed) {}
