namespace CardBridge.Service.Simulation;

/// <summary>The files simulator mode keeps its state in, under <c>simulation/</c> in the working directory.</summary>
internal static class SimulationState
{
    public const string Journal = "journal.db";
    public const string RiderLists = "transit-lists.json";
    public const string PendingPurchases = "transit-pending.db";
    public const string QrReplay = "qr-replay.db";

    /// <summary>The path of <paramref name="file"/> in the state directory.</summary>
    public static string PathOf(string file) => "simulation/" + file;
}
