package io.argus.smoke.apps.springboot;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** A Spring Boot MVC app on embedded Tomcat, no Argus code in it. Argument: the port (bound on 127.0.0.1). */
@SpringBootApplication
@RestController
public class OwnersApplication {
  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "deferred-completer");
    thread.setDaemon(true);
    return thread;
  });

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(OwnersApplication.class);
    app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
    app.run("--server.port=" + args[0], "--server.address=127.0.0.1", "--spring.main.log-startup-info=false");
  }

  @EventListener(ApplicationReadyEvent.class)
  public void ready() {
    System.out.println("SPRING APP READY " + SpringBootVersion.getVersion());
  }

  @GetMapping("/owners/{ownerId}")
  public String owner(@PathVariable String ownerId) {
    return "owner " + ownerId;
  }

  @GetMapping("/owners/{ownerId}/pets/{petId}")
  public String pet(@PathVariable String ownerId, @PathVariable String petId) {
    return "pet " + petId + " of owner " + ownerId;
  }

  @GetMapping("/reports/failing")
  public ResponseEntity<String> failing() {
    return ResponseEntity.status(503).body("reports are unavailable");
  }

  @GetMapping("/reports/explode")
  public String explode() {
    throw new IllegalStateException("report generator exploded");
  }

  @GetMapping("/health")
  public String health() {
    return "ok";
  }

  /** Completed 300 ms later from another thread: Spring's async request processing. */
  @GetMapping("/slow/{delayName}")
  public DeferredResult<String> slow(@PathVariable String delayName) {
    DeferredResult<String> result = new DeferredResult<>();
    LATER.schedule(() -> result.setResult("slow " + delayName), 300, TimeUnit.MILLISECONDS);
    return result;
  }
}
