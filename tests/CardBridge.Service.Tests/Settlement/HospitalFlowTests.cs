using System.Diagnostics;
using System.Text.Json;
using CardBridge.Simulation.Centre;
using CardBridge.Tests.Shared;
using Xunit.Sdk;

namespace CardBridge.Service.Tests.Settlements;

/// <summary>
/// Issue 18's "done when": a Python client generated from the protos runs an outpatient visit (register, fee upload,
/// pre-settle, settle) and the stay of a patient insured in another area (admit, three fee batches with a kill -9 of
/// the service between the second and the third, pre-settle, settle, discharge) against the service with
/// <c>--simulate</c> and a centre outside it; the centre has each transaction exactly once, under the person's own
/// insured area.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HospitalFlowTests
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_python_client_runs_the_outpatient_and_the_cross_region_inpatient_flows_across_a_kill_and_the_centre_has_each_call_once()
    {
        await using var rig = SettlementKillRig.Create(new SimulatedCentreOptions { People = [.. CentrePerson.FromCardProfiles(), CentrePerson.CrossRegion] });
        var state = Path.Combine(rig.Directory, "stay.txt");
        try
        {
            await rig.StartServiceAsync();
            var outpatient = await RunAsync(rig, "outpatient", state);
            var admitted = await RunAsync(rig, "admit", state);
            await rig.KillAsync();
            await rig.StartServiceAsync();
            var discharged = await RunAsync(rig, "discharge", state);

            Assert.Equal(CentrePerson.LocalArea, outpatient.GetProperty("insured_area").GetString());
            Assert.Equal(3000, outpatient.GetProperty("settled_pooled_fund_fen").GetInt64());
            Assert.False(outpatient.GetProperty("offline").GetBoolean());
            Assert.Equal(CentrePerson.CrossRegionArea, admitted.GetProperty("person_area").GetString());
            Assert.Equal(CentrePerson.CrossRegionArea, admitted.GetProperty("insured_area").GetString());
            Assert.Equal(2, admitted.GetProperty("batches_sent").GetInt32());
            Assert.Equal(2, discharged.GetProperty("batches_replayed").GetInt32());
            Assert.Equal(1, discharged.GetProperty("third_sent").GetInt32());
            Assert.Equal(50_000, discharged.GetProperty("settled_deductible_fen").GetInt64());
            Assert.Equal(56_000, discharged.GetProperty("settled_pooled_fund_fen").GetInt64());

            var transactions = rig.Centre.Transactions();
            Assert.DoesNotContain(transactions, t => t.Reversed);
            Assert.Equal(transactions.Count, transactions.Select(t => t.MsgId).Distinct().Count());
            var visit = outpatient.GetProperty("visit_id").GetString();
            var stay = admitted.GetProperty("visit_id").GetString();
            Assert.Equal(["2201", "2204", "2207"], transactions.Where(t => t.VisitId == visit).Select(t => t.InfNo));
            Assert.All(transactions.Where(t => t.VisitId == visit), t => Assert.Equal(CentrePerson.LocalArea, t.InsuredArea));
            Assert.Equal(["2401", "2301", "2301", "2301", "2304", "2402"], transactions.Where(t => t.VisitId == stay).Select(t => t.InfNo));
            Assert.All(transactions.Where(t => t.VisitId == stay), t => Assert.Equal(CentrePerson.CrossRegionArea, t.InsuredArea));
            Assert.Equal(["I1", "I2", "I3"], rig.Centre.Visit(stay!)!.FeeSerials);
            Assert.Equal("discharged", rig.Centre.Visit(stay!)!.State);
        }
        catch (Exception e) when (e is not XunitException)
        {
            throw new XunitException($"{e}{Environment.NewLine}{rig.Diagnostics()}");
        }
    }

    private static async Task<JsonElement> RunAsync(SettlementKillRig rig, string phase, string state)
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "peers", "grpc_hospital_flow.py");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, RepositoryRoot.Path, $"{rig.Address.Host}:{rig.Address.Port}", phase, state })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(PhaseTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        rig.Note($"python {phase}: exit {process.ExitCode} {await output} {await error}");
        Assert.True(process.ExitCode == 0, $"grpc_hospital_flow.py {phase} exited {process.ExitCode}: {await error}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
