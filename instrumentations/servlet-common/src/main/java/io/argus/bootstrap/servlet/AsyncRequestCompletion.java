package io.argus.bootstrap.servlet;

import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.http.HttpServerCall;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the {@link HttpServerCall} of a servlet request that went asynchronous ({@code startAsync}) when the request
 * completes, whichever thread completes it.
 *
 * <p>The servlet advice registers an {@code AsyncListener} on the request's {@code AsyncContext}. That listener must
 * implement the application's own {@code javax.servlet.AsyncListener} or {@code jakarta.servlet.AsyncListener}, which
 * no bootstrap class may name: it is a {@link Proxy} of the interface the advice passes in, and this class is its
 * handler. The few library methods it needs ({@code getStatus}, {@code getThrowable}, {@code getAsyncContext},
 * {@code addListener}) are called reflectively, through the public servlet interfaces, on these rare events only.
 *
 * <p>Events: {@code onError} keeps the throwable; {@code onComplete}, which the container sends last in every case
 * (completion, timeout, error), ends the call with the response's status then; {@code onStartAsync} (the request
 * went asynchronous again during an async dispatch) registers the listener on the new cycle, as the Servlet
 * specification requires listeners to do.
 */
public final class AsyncRequestCompletion implements InvocationHandler {
  /**
   * Request attribute holding the open call of an asynchronous request, set only once the request has gone
   * asynchronous, so that its async dispatches run in the call's context instead of starting a second span.
   */
  public static final String CALL_ATTRIBUTE = "io.argus.http.server.call";

  private static final ClassValue<Method> GET_STATUS =
      new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> responseType) {
          try {
            return responseType.getMethod("getStatus");
          } catch (NoSuchMethodException e) {
            return null;
          }
        }
      };

  private final String instrumentation;
  private final HttpServerCall call;
  private final Class<?> listenerType;
  private final Object response;
  private final Method getStatus;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Throwable error;

  private AsyncRequestCompletion(
      String instrumentation, HttpServerCall call, Class<?> listenerType, Object response, Method getStatus) {
    this.instrumentation = instrumentation;
    this.call = call;
    this.listenerType = listenerType;
    this.response = response;
    this.getStatus = getStatus;
  }

  /**
   * A listener (an instance of {@code listenerType}, the servlet API's {@code AsyncListener}) that ends {@code call}
   * when the request completes; {@code responseType} is the API's {@code HttpServletResponse}. Throws if the types
   * are not what they should be: the advice then ends the call at once.
   */
  public static Object listener(
      String instrumentation, HttpServerCall call, Class<?> listenerType, Object response, Class<?> responseType) {
    Method getStatus = GET_STATUS.get(responseType);
    if (getStatus == null || !listenerType.isInterface()) {
      throw new IllegalArgumentException("not a servlet API: " + listenerType + ", " + responseType);
    }
    return Proxy.newProxyInstance(
        listenerType.getClassLoader(),
        new Class<?>[] {listenerType},
        new AsyncRequestCompletion(instrumentation, call, listenerType, response, getStatus));
  }

  /**
   * For an async dispatch of a request: makes the open call's context current on this thread (closed by the
   * dispatch's exit advice), or returns null when the request holds no call of ours.
   */
  public static Scope resume(Object callAttribute) {
    if (!(callAttribute instanceof HttpServerCall)) {
      return null;
    }
    return ((HttpServerCall) callAttribute).context().makeCurrent();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      // equals, hashCode, toString: identity semantics, as the container may keep listeners in collections.
      if (name.equals("equals")) {
        return args[0] == proxy;
      }
      if (name.equals("hashCode")) {
        return System.identityHashCode(proxy);
      }
      return "ArgusAsyncListener@" + Integer.toHexString(System.identityHashCode(proxy));
    }
    try {
      Object event = args == null || args.length == 0 ? null : args[0];
      if (name.equals("onComplete")) {
        complete();
      } else if (event != null && (name.equals("onError") || name.equals("onStartAsync"))) {
        // The listener method's parameter type is the API's AsyncEvent class: look methods up there, not on the
        // container's (possibly non-public) subclass.
        Class<?> eventType = method.getParameterTypes()[0];
        if (name.equals("onError")) {
          Object thrown = eventType.getMethod("getThrowable").invoke(event);
          if (thrown instanceof Throwable) {
            error = (Throwable) thrown;
          }
        } else {
          Method getAsyncContext = eventType.getMethod("getAsyncContext");
          Object asyncContext = getAsyncContext.invoke(event);
          if (asyncContext != null) {
            getAsyncContext.getReturnType().getMethod("addListener", listenerType).invoke(asyncContext, proxy);
          }
        }
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
      if (name.equals("onComplete")) {
        complete();
      }
    }
    return null;
  }

  private void complete() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    int status = 0;
    try {
      status = ((Integer) getStatus.invoke(response)).intValue();
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
    }
    call.end(status, error);
  }
}
