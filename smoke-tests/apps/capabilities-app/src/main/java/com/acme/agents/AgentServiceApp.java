package com.acme.agents;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * The sample agent service: a JDK HttpServer whose handlers call the agents. No tracing code anywhere: the Argus
 * agent makes the HTTP, capability and JDBC spans from its configuration. Every answer carries what the capability
 * returned (or which exception the handler caught), so the tests can check the agent changed nothing.
 *
 * <pre>
 * GET /research?q=..         ResearchAgent.research
 * GET /plan?goal=..          ResearchAgent.plan (an empty goal throws)
 * GET /async?q=..&amp;ms=..      ResearchAgent.researchAsync (q=fail completes exceptionally)
 * GET /price?item=..         PricingAgent.buildPricingPack (a JDBC query)
 * GET /execute?task=..       PlannerAgent and WriterAgent, through the Agent interface
 * GET /summarise?doc=..      Summariser.summarise (@WithSpan)
 * GET /repeat?n=..           ResearchAgent.research n times in one request
 * </pre>
 */
public final class AgentServiceApp {
  private static final String DB_URL = "jdbc:h2:mem:prices;DB_CLOSE_DELAY=-1";

  private final ResearchAgent research = new ResearchAgent();
  private final PricingAgent pricing = new PricingAgent(DB_URL);
  private final Agent[] workers = {new PlannerAgent(), new WriterAgent("ada")};
  private final Summariser summariser = new Summariser();

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    try (Connection connection = DriverManager.getConnection(DB_URL); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE prices (item VARCHAR(64) PRIMARY KEY, price INT)");
      statement.execute("INSERT INTO prices VALUES ('tea', 3), ('coffee', 4)");
    }
    AgentServiceApp app = new AgentServiceApp();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", app::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("CAPABILITIES APP READY http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String body;
    int status = 200;
    try {
      body = route(exchange.getRequestURI().getPath(), query);
    } catch (IllegalStateException e) {
      status = 500;
      body = "caught " + e.getClass().getName() + ": " + e.getMessage()
          + (e == ResearchAgent.PLANNING_FAILED ? " (the same instance the agent threw)" : " (another instance)");
    } catch (ExecutionException e) {
      status = 500;
      body = "async failure " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
    } catch (Exception e) {
      status = 500;
      body = "unexpected " + e;
    }
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String route(String path, Map<String, String> query) throws Exception {
    switch (path) {
      case "/research":
        return research.research(query.getOrDefault("q", ""));
      case "/plan":
        return research.plan(query.getOrDefault("goal", ""));
      case "/async":
        return research.researchAsync(query.getOrDefault("q", ""), Long.parseLong(query.getOrDefault("ms", "0"))).get();
      case "/price":
        return pricing.buildPricingPack(query.getOrDefault("item", ""));
      case "/execute":
        StringBuilder results = new StringBuilder();
        for (Agent worker : workers) {
          results.append(results.length() == 0 ? "" : "; ").append(worker.execute(query.getOrDefault("task", "")));
        }
        return results.toString();
      case "/summarise":
        return summariser.summarise(query.getOrDefault("doc", ""), "secret-token");
      case "/repeat":
        int times = Integer.parseInt(query.getOrDefault("n", "1"));
        for (int i = 0; i < times; i++) {
          research.research("item " + i);
        }
        return "researched " + times + " times";
      default:
        return "unknown path " + path;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }
}
