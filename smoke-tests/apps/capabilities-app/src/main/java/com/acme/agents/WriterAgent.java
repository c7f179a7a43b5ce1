package com.acme.agents;

public class WriterAgent implements Agent {
  private final String name;

  public WriterAgent(String name) {
    this.name = name;
  }

  @Override
  public String execute(String task) {
    return name + " wrote " + task;
  }
}
