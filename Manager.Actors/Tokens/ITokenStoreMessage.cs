namespace Manager.Actors.Tokens;

/// <summary>A message for the <see cref="TokenStore"/>, or one it publishes to each node's <see cref="TokenReplica"/>.</summary>
public interface ITokenStoreMessage;
