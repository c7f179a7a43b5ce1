package com.acme.agents;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A pricing agent whose capability queries the database, so its span sits between HTTP and JDBC. */
public class PricingAgent {
  private final String dbUrl;

  public PricingAgent(String dbUrl) {
    this.dbUrl = dbUrl;
  }

  public String buildPricingPack(String item) throws SQLException {
    try (Connection connection = DriverManager.getConnection(dbUrl);
        PreparedStatement query = connection.prepareStatement("SELECT price FROM prices WHERE item = ?")) {
      query.setString(1, item);
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? item + " costs " + result.getInt(1) : item + " has no price";
      }
    }
  }
}
