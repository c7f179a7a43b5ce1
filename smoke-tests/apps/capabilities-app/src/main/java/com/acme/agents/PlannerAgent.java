package com.acme.agents;

public class PlannerAgent implements Agent {
  @Override
  public String execute(String task) {
    return "planned " + task;
  }
}
