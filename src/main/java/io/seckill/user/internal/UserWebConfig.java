package io.seckill.user.internal;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class UserWebConfig implements WebMvcConfigurer {

    private final CallerResolver callers;

    UserWebConfig(CallerResolver callers) {
        this.callers = callers;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callers);
    }
}
