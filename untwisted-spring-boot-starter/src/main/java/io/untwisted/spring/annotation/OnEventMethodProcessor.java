package io.untwisted.spring.annotation;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.untwisted.spring.binding.HandlerBindingException;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.UntwistedServerRegistry;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Finds {@code @SocketServer} beans and their {@code @OnEvent} methods once every singleton
 * exists, the way Spring's {@code EventListenerMethodProcessor} finds {@code @EventListener}
 * methods: on the bean's user class (meta-annotations included), invoked on the bean as the
 * container holds it, so that a proxy's advice applies. Each method is bound once and registered
 * with the {@link UntwistedServerRegistry}; the servers bind later, when the context starts.
 *
 * <p>Registered as an infrastructure bean with no dependencies; it looks the registry up lazily.
 * Called on the thread that refreshes the context.
 */
public final class OnEventMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

    private static final Logger log = LoggerFactory.getLogger(OnEventMethodProcessor.class);

    private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();
    private @Nullable ConfigurableListableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory,
                "OnEventMethodProcessor needs a ConfigurableListableBeanFactory");
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ConfigurableListableBeanFactory factory = this.beanFactory;
        Assert.state(factory != null, "No BeanFactory set");
        UntwistedServerRegistry registry = factory.getBean(UntwistedServerRegistry.class);
        for (String beanName : factory.getBeanNamesForType(Object.class, false, false)) {
            if (ScopedProxyUtils.isScopedTarget(beanName)) {
                continue;
            }
            Class<?> type = targetClass(factory, beanName);
            if (type != null) {
                process(factory, registry, beanName, type);
            }
        }
    }

    private static @Nullable Class<?> targetClass(ConfigurableListableBeanFactory factory, String beanName) {
        Class<?> type;
        try {
            type = AutoProxyUtils.determineTargetClass(factory, beanName);
        }
        catch (RuntimeException ex) {
            // An unresolvable bean type cannot declare handlers we could call; Spring's own
            // EventListenerMethodProcessor skips such beans the same way.
            log.debug("Could not resolve the target class of bean '{}'", beanName, ex);
            return null;
        }
        if (type != null && ScopedProxyUtils.isScopedTarget(beanName)) {
            return null;
        }
        return type;
    }

    private void process(ConfigurableListableBeanFactory factory, UntwistedServerRegistry registry, String beanName,
            Class<?> targetType) {
        if (this.nonAnnotatedClasses.contains(targetType)) {
            return;
        }
        Class<?> userClass = ClassUtils.getUserClass(targetType);
        SocketServer server = AnnotatedElementUtils.findMergedAnnotation(userClass, SocketServer.class);
        Map<Method, OnEvent> methods = Map.of();
        if (AnnotationUtils.isCandidateClass(userClass, OnEvent.class)) {
            methods = MethodIntrospector.selectMethods(userClass,
                    (MethodIntrospector.MetadataLookup<OnEvent>) method ->
                            AnnotatedElementUtils.findMergedAnnotation(method, OnEvent.class));
        }
        if (server == null && methods.isEmpty()) {
            this.nonAnnotatedClasses.add(targetType);
            return;
        }
        if (server == null) {
            Method first = methods.keySet().iterator().next();
            throw new HandlerBindingException(beanName, first, "@OnEvent methods must be declared on a bean "
                    + "annotated with @SocketServer, which names the server they handle");
        }
        registry.declare(beanName, server);
        Object bean = factory.getBean(beanName);
        for (Map.Entry<Method, OnEvent> entry : methods.entrySet()) {
            registry.register(HandlerMethodBinding.create(server.name(), beanName, bean, entry.getKey(), entry.getValue()));
        }
        if (log.isDebugEnabled()) {
            log.debug("Bean '{}' handles {} event(s) of untwisted server '{}'", beanName, methods.size(), server.name());
        }
    }
}
