using Manager.Actors.Tasks;

namespace Manager.Tests.Support;

internal static class DispatcherStateChaining
{
    /// <summary>Applies the event in place and returns the same state, for building test states in one expression.</summary>
    public static DispatcherState Then(this DispatcherState state, ITaskEvent e)
    {
        state.Apply(e);
        return state;
    }
}
