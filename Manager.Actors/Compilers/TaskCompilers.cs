using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Manager.Actors.Compilers;

/// <summary>The task compilers the manager knows, by task <c>type</c> (case-sensitive).</summary>
public static class TaskCompilers
{
    private static readonly FrozenDictionary<string, ITaskCompiler> ByType =
        new ITaskCompiler[] { new BlenderRenderCompiler(), new ExecCommandCompiler() }
            .ToFrozenDictionary(c => c.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Types => ByType.Keys;

    public static bool TryGet(string type, [MaybeNullWhen(false)] out ITaskCompiler compiler)
    {
        if (type is null)
        {
            compiler = null;
            return false;
        }
        return ByType.TryGetValue(type, out compiler);
    }
}
