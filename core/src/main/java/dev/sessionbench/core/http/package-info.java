/**
 * How a session crosses HTTP, with no third-party dependency: the session cookie ({@link
 * dev.sessionbench.core.http.SessionCookie}), a bearer header for API clients ({@link
 * dev.sessionbench.core.http.BearerTransport}) and CSRF synchronizer tokens ({@link
 * dev.sessionbench.core.http.CsrfTokens}).
 *
 * <p>There is deliberately no URL rewriting and no hidden-form-field transport: an ID in a URL or a page ends up
 * in access logs, proxy logs, browser history and the {@code Referer} header sent to other sites.
 */
package dev.sessionbench.core.http;
