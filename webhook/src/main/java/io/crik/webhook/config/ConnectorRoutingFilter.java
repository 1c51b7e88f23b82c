package io.crik.webhook.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps each connector to its role. The HTTPS connector serves the admission endpoint and health
 * (so that a probe can check the TLS listener); the plain-HTTP connector serves everything else:
 * health, metrics and the node-state controllers, but never {@code /mutate}. A request on the
 * wrong connector gets 404, as if the path did not exist there.
 */
public final class ConnectorRoutingFilter extends OncePerRequestFilter {

  static final String ADMISSION_PATH = "/mutate";
  static final String HEALTH_PATH = "/actuator/health";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = path(request);
    if (request.isSecure() ? servedOverHttps(path) : !isAdmission(path)) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("text/plain");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(request.isSecure()
        ? "not found: the HTTPS port serves " + ADMISSION_PATH + " and " + HEALTH_PATH + " only\n"
        : "not found: " + ADMISSION_PATH + " is served on the HTTPS port only\n");
  }

  static boolean servedOverHttps(String path) {
    return isAdmission(path) || path.equals(HEALTH_PATH) || path.startsWith(HEALTH_PATH + "/");
  }

  static boolean isAdmission(String path) {
    return path.equals(ADMISSION_PATH) || path.startsWith(ADMISSION_PATH + "/");
  }

  /** Returns the path as the servlet container decoded and normalized it, without path parameters. */
  private static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + pathInfo;
    return path.isEmpty() ? "/" : path;
  }
}
