package io.crik.webhook.mutation;

import java.util.List;

/**
 * Names and paths that the webhook, the wrapper, the Helm chart and the end-to-end tests share.
 * docs/architecture.md lists the same values; a change here is a change there.
 */
public final class WrapperLayout {

  public static final String BUNDLE_VOLUME = "crik-bundle";
  public static final String CHECKPOINT_VOLUME = "crik-checkpoints";
  public static final String INIT_CONTAINER = "crik-install";

  public static final String BUNDLE_PATH = "/crik";
  public static final String INSTALL_PATH = "/crik-install";
  public static final String CHECKPOINT_PATH = "/crik-checkpoints";

  public static final String CRIK_BINARY = "/crik/bin/crik";
  public static final List<String> INSTALL_COMMAND = List.of(CRIK_BINARY, "install", INSTALL_PATH);
  public static final List<String> RUN_PREFIX = List.of(CRIK_BINARY, "run", "--");
  public static final List<String> CHECKPOINT_COMMAND = List.of(CRIK_BINARY, "checkpoint");

  public static final String ENV_NODE_NAME = "CRIK_NODE_NAME";
  public static final String ENV_POD_NAME = "CRIK_POD_NAME";
  public static final String ENV_POD_NAMESPACE = "CRIK_POD_NAMESPACE";
  public static final String ENV_POD_UID = "CRIK_POD_UID";
  public static final String ENV_CONTAINER_NAME = "CRIK_CONTAINER_NAME";
  public static final String ENV_IMAGE = "CRIK_IMAGE";
  public static final String ENV_CHECKPOINT_KEY = "CRIK_CHECKPOINT_KEY";
  public static final String ENV_CHECKPOINT_DIR = "CRIK_CHECKPOINT_DIR";
  public static final String ENV_CHECKPOINT_POLICY = "CRIK_CHECKPOINT_POLICY";
  public static final String ENV_PRESERVE_PATHS = "CRIK_PRESERVE_PATHS";
  public static final String ENV_NODE_STATE_URL = "CRIK_NODE_STATE_URL";
  public static final String ENV_GRACE_PERIOD_SECONDS = "CRIK_GRACE_PERIOD_SECONDS";
  public static final String ENV_FINGERPRINT_EXCLUDE_ENV = "CRIK_FINGERPRINT_EXCLUDE_ENV";

  private WrapperLayout() {}
}
