package io.crik.webhook.mutation;

import java.util.List;

/**
 * Decision of {@link InjectionPolicy} before any image is looked at: the pod is done (skipped or
 * refused), or it is to be injected as planned.
 */
sealed interface InjectionPlan {

  record Done(MutationResult result) implements InjectionPlan {}

  /**
   * @param explicit the pod opted in through its own annotation
   * @param targets names of the containers to wrap, in the pod's order
   * @param checkpointKey sub-path of the checkpoint volume for this workload
   * @param claim name of the checkpoint PersistentVolumeClaim
   * @param warnings warnings collected so far
   */
  record Inject(boolean explicit, List<String> targets, String checkpointKey, String claim,
      PodAnnotations annotations, List<String> warnings) implements InjectionPlan {}
}
