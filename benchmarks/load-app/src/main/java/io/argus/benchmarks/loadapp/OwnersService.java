package io.argus.benchmarks.loadapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A typical small service: one Spring MVC endpoint that reads a row through a HikariCP pool and answers JSON. The
 * table (1 000 owners) is created by {@code schema.sql} / {@code data.sql} at start-up. Argument: the port, bound on
 * 127.0.0.1.
 */
@SpringBootApplication
@RestController
public class OwnersService {
  /** One owner, serialised by Jackson. */
  public record Owner(int id, String name, String city) {}

  private final JdbcTemplate jdbc;

  public OwnersService(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(OwnersService.class);
    app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
    app.run("--server.port=" + args[0], "--server.address=127.0.0.1", "--spring.main.log-startup-info=false",
        "--spring.datasource.url=jdbc:h2:mem:owners;DB_CLOSE_DELAY=-1");
  }

  @GetMapping("/owners/{ownerId}")
  public Owner owner(@PathVariable int ownerId) {
    return jdbc.queryForObject("SELECT id, name, city FROM owners WHERE id = ?",
        (row, n) -> new Owner(row.getInt(1), row.getString(2), row.getString(3)), ownerId);
  }
}
