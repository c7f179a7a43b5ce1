package io.argus.smoke.apps.war;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * Creates the web application's in-memory H2 database when it is deployed and removes every trace of it when it is
 * undeployed: a well-behaved application, so that a class loader still reachable after undeployment can only be
 * kept by something else (the container or an agent).
 */
public final class ShopDatabase implements ServletContextListener {
  static final String URL_ATTRIBUTE = "shop.jdbc.url";

  @Override
  public void contextInitialized(ServletContextEvent event) {
    // Each deployment has its own copy of H2's classes, hence its own database of this name. No shutdown hook.
    String url = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
    try {
      // The legacy way: WEB-INF/lib is invisible to DriverManager's own service lookup.
      Class.forName("org.h2.Driver");
      try (Connection connection = DriverManager.getConnection(url, "sa", "");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(64))");
        statement.execute("INSERT INTO owners VALUES (1, 'George Franklin'), (2, 'Betty Davis')");
      }
    } catch (ClassNotFoundException | SQLException e) {
      throw new IllegalStateException("cannot create the shop database " + url, e);
    }
    event.getServletContext().setAttribute(URL_ATTRIBUTE, url);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    String url = (String) event.getServletContext().getAttribute(URL_ATTRIBUTE);
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      event.getServletContext().log("could not shut the shop database down", e);
    }
    ClassLoader ours = getClass().getClassLoader();
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == ours) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          event.getServletContext().log("could not deregister " + driver, e);
        }
      }
    }
  }
}
