package dev.sessionbench.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A test-only filter inside the session filter: a request with the header {@value #HEADER} loads its session, then
 * waits until the other such request has loaded it too, so that both hold a copy before either saves.
 */
@Configuration(proxyBeanMethods = false)
class Rendezvous {

    static final String HEADER = "X-Test-Rendezvous";
    static volatile CyclicBarrier barrier;

    @Bean
    FilterRegistrationBean<Filter> rendezvousFilter() {
        Filter filter = (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            if (http.getHeader(HEADER) != null) {
                http.getSession(false).getAttributeNames();
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other request did not arrive", e);
                }
            }
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(0);
        return registration;
    }
}
