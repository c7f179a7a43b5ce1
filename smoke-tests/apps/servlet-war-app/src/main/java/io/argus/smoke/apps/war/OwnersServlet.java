package io.argus.smoke.apps.war;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code GET /owners/<id>}: the owner's name from the web application's H2 database, or 404. {@code GET
 * /owners/broken} fails with an exception class of the web application itself, which the agent records on the span:
 * after undeployment, nothing of the agent may still hold it (it would hold the web application's class loader).
 */
public final class OwnersServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
    if (id.equals("broken")) {
      throw new ShopFailure("the owners table is broken");
    }
    if (!id.matches("[0-9]{1,9}")) {
      write(response, 404, "no owner " + id);
      return;
    }
    String url = (String) getServletContext().getAttribute(ShopDatabase.URL_ATTRIBUTE);
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        PreparedStatement query = connection.prepareStatement("SELECT name FROM owners WHERE id = ?")) {
      query.setInt(1, Integer.parseInt(id));
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next()) {
          write(response, 200, rows.getString(1));
        } else {
          write(response, 404, "no owner " + id);
        }
      }
    } catch (SQLException e) {
      throw new IOException("query failed", e);
    }
  }

  /** An exception type that only this web application's class loader defines. */
  static final class ShopFailure extends RuntimeException {
    ShopFailure(String message) {
      super(message);
    }
  }

  private static void write(HttpServletResponse response, int status, String body) throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    response.getWriter().write(body);
  }
}
