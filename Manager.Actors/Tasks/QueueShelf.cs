using Manager.Actors.Jobs;

namespace Manager.Actors.Tasks;

/// <summary>
/// The queued tasks of one type and one set of required tags, in claim order. Whether a worker may take tasks
/// from a shelf at all (type supported, tags present, not blocklisted for the type) is one decision for the whole shelf;
/// only "this worker failed this task before" is left to decide per task.
/// </summary>
public sealed class QueueShelf(string type, IReadOnlyList<string> tags)
{
    public string Type { get; } = type;

    /// <summary>The tags every task on this shelf requires, each once (a task may list one twice; the set is what counts).</summary>
    public IReadOnlyList<string> Tags { get; } = tags.Distinct(StringComparer.Ordinal).ToArray();

    public SortedSet<ClaimOrder> Entries { get; } = [];

    /// <summary>
    /// The shelf a task is kept on: its type and its tags as a set (order and repeats do not matter). Each tag is
    /// written with its length in front, so no tag text (a tag may hold any character) can make two sets look alike.
    /// </summary>
    public static (string Type, string Tags) KeyOf(TaskRecord task) => (task.Type, task.Tags.Count == 0
        ? ""
        : string.Concat(task.Tags.Distinct().Order(StringComparer.Ordinal).Select(tag => $"{tag.Length}:{tag}")));
}
