using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace Manager.Actors.Common;

/// <summary>
/// Whether a worker has every tag a task requires, in O(required + worker tags) instead of O(required × worker tags)
/// (a worker and a task with 20,000 tags each made one claim cost 4·10^8 string comparisons).
/// </summary>
public static class TagSets
{
    /// <summary>Up to this many tags a linear scan is as fast as hashing and needs no set.</summary>
    private const int LinearUpTo = 8;

    /// <summary>
    /// The set of a longer tag list, made once per list instance: a worker's claims all carry the same list from its
    /// record, so the claim path allocates nothing after the first. Keys are held weakly, so a set goes with its list.
    /// Tag lists are never changed after they are made (records hold them), which is what makes this memo correct.
    /// </summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, FrozenSet<string>> Sets = new();

    public static bool ContainsAll(IReadOnlyList<string> available, IReadOnlyList<string> required)
    {
        if (required.Count == 0) return true;
        if (available.Count <= LinearUpTo)
        {
            foreach (var tag in required)
                if (!ContainsLinear(available, tag)) return false;
            return true;
        }
        var set = Sets.GetValue(available, static list => list.ToFrozenSet(StringComparer.Ordinal));
        foreach (var tag in required)
            if (!set.Contains(tag)) return false;
        return true;
    }

    private static bool ContainsLinear(IReadOnlyList<string> tags, string tag)
    {
        for (var i = 0; i < tags.Count; i++)
            if (string.Equals(tags[i], tag, StringComparison.Ordinal)) return true;
        return false;
    }
}
