namespace Manager.Actors.Common;

/// <summary>
/// A command or query its recipient answers with an <see cref="Outcome{TValue}"/> of <typeparamref name="TValue"/>
/// (<see cref="TypedAsk.Ask{TValue}"/> awaits that answer, typed). Which actor receives it, its other interface says
/// (<c>ITaskDispatcherMessage</c>, <c>IWorkerMessage</c> …).
/// </summary>
public interface IAsk<TValue>;
