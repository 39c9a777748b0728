using System.Text.Json.Nodes;

namespace CardBridge.Simulation.Centre;

/// <summary>One request as the simulated centre's books see it.</summary>
/// <param name="InfNo">The transaction code.</param>
/// <param name="MsgId">The message id.</param>
/// <param name="InsuredArea">The insured area it names (<c>insuplc_admdvs</c>; when empty, the treatment area, then the centre's own).</param>
/// <param name="Input">The <c>input</c> object.</param>
internal sealed record CentreRequest(string InfNo, string MsgId, string InsuredArea, JsonObject Input)
{
    /// <summary><c>input.data</c> as an object.</summary>
    public JsonObject Data => CentreWire.Object(Input, "data");
}

/// <summary>What the books answered: the <c>output</c> and, for a call that changed something, whom it was for and how to undo it (2601).</summary>
/// <param name="Output">The <c>output</c> object.</param>
/// <param name="PersonNo">The person a change was made for.</param>
/// <param name="VisitId">The visit it belongs to, when any.</param>
/// <param name="Undo">Undoes the change (a reversal) and says whether there was still something to undo; null for a call that changed nothing.</param>
internal sealed record CentreAnswer(JsonObject Output, string? PersonNo = null, string? VisitId = null, Func<bool>? Undo = null);
