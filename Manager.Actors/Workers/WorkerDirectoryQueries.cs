using Manager.Actors.Common;

namespace Manager.Actors.Workers;

/// <summary>
/// GET /workers, a page at a time: the views of up to <paramref name="Limit"/> registered workers with ids above
/// <paramref name="AfterId"/>, in id order (the dispatcher's part is merged in by the HTTP layer). Pages keep each answer
/// well under the cluster's frame size (about 300 bytes a worker) and the directory's turn short.
/// </summary>
public sealed record ListWorkerViews(long AfterId, int Limit) : IWorkerDirectoryMessage, IAsk<IReadOnlyList<WorkerView>>
{
    public const int PageSize = 2000;

    public static ListWorkerViews First { get; } = new(0, PageSize);

    public ListWorkerViews Next(IReadOnlyList<WorkerView> page) => this with { AfterId = page[^1].Record.Id };
}
