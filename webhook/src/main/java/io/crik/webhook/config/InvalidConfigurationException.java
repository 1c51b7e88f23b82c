package io.crik.webhook.config;

/**
 * A configuration value that keeps the webhook from starting. {@link StartupFailureAnalyzer}
 * prints the problem and the action in place of a stack trace.
 */
public class InvalidConfigurationException extends IllegalStateException {

  private final String property;
  private final String problem;
  private final String action;

  /**
   * @param property the property to change, such as {@code crik.webhook.node-state-url}
   * @param problem what is wrong, naming the property and its value
   * @param action what to do, as a clause that starts in lower case
   */
  public InvalidConfigurationException(String property, String problem, String action) {
    this(property, problem, action, null);
  }

  public InvalidConfigurationException(String property, String problem, String action, Throwable cause) {
    super(problem + "; " + action, cause);
    this.property = property;
    this.problem = problem;
    this.action = action;
  }

  public String property() {
    return property;
  }

  public String problem() {
    return problem;
  }

  public String action() {
    return action;
  }
}
