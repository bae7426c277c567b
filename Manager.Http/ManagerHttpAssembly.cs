namespace Manager.Http;

/// <summary>Names this assembly for WebApplicationFactory (the worker agent has a top-level Program too).</summary>
public sealed class ManagerHttpAssembly;
