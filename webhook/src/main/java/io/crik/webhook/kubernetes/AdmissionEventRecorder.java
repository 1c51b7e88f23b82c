package io.crik.webhook.kubernetes;

/** Reports admission decisions as Kubernetes Events. */
public interface AdmissionEventRecorder {

  AdmissionEventRecorder NONE = event -> {};

  /** Queues the event; returns at once, and drops it when it is rate-limited or the queue is full. */
  void record(AdmissionEvent event);
}
