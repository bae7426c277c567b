namespace Manager.Actors.Workers;

public sealed record GetWorkerView(long WorkerId) : IWorkerMessage;

public sealed record GetWorkerDetails(long WorkerId) : IWorkerMessage;
