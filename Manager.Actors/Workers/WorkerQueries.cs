using Manager.Actors.Common;

namespace Manager.Actors.Workers;

public sealed record GetWorkerView(long WorkerId) : IWorkerMessage, IAsk<WorkerView>;

public sealed record GetWorkerDetails(long WorkerId) : IWorkerMessage, IAsk<WorkerDetails>;
