using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Manager.Actors.Parsers;

/// <summary>The output parsers the manager knows, by <c>parser</c> name (case-sensitive).</summary>
public static class OutputParsers
{
    private static readonly FrozenDictionary<string, IOutputParser> ByName =
        new IOutputParser[] { new BlenderRenderParser(), new NoneParser() }
            .ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryGet(string name, [MaybeNullWhen(false)] out IOutputParser parser)
    {
        if (name is null)
        {
            parser = null;
            return false;
        }
        return ByName.TryGetValue(name, out parser);
    }
}
