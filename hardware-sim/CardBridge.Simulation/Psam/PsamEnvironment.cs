namespace CardBridge.Simulation.Psam;

/// <summary>The key environments a PSAM can carry, each a DF selected by AID.</summary>
public enum PsamEnvironment
{
    /// <summary>The DES environment "sx1" (AID 7378312E73682EC9E7BBE1B1A3D5CF): 3DES keys, and the application D15600000590.</summary>
    Des = 1,

    /// <summary>The SSF33/SM environment "sx2" (AID 7378322E73682EC9E7BBE1B1A3D5CF): the simulator holds SM4 keys there.</summary>
    Sm = 2,
}
