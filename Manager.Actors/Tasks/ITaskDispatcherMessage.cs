namespace Manager.Actors.Tasks;

/// <summary>A message for the <see cref="TaskDispatcher"/>: its commands (<see cref="SubmitTask"/> …) and queries (<see cref="GetTask"/> …).</summary>
public interface ITaskDispatcherMessage;
