package com.acme.agents;

/** What every worker agent does; the configuration names it once for all implementations (Agent+[execute]). */
public interface Agent {
  String execute(String task);
}
