using System.CommandLine;
using CardBridge.Examples;

var endpoint = new Option<string>("--endpoint")
{
    Description = "The service (cardbridge-service --simulate listens on http://127.0.0.1:50051)",
    DefaultValueFactory = _ => "http://127.0.0.1:50051",
    Recursive = true,
};
var apiKey = new Option<string?>("--api-key")
{
    Description = "This client's API key (from cardbridge-service hash-key), sent as 'authorization: Bearer KEY'",
    Recursive = true,
};
var reader = new Option<string>("--reader")
{
    Description = "The counter's card reader",
    DefaultValueFactory = _ => "Simulated Reader 0",
    Recursive = true,
};
var scanner = new Option<string>("--scanner")
{
    Description = "The counter's QR scanner",
    DefaultValueFactory = _ => "Simulated Scanner",
    Recursive = true,
};
var pin = new Option<string>("--pin")
{
    Description = "The PIN the (simulated) holder types",
    DefaultValueFactory = _ => "123456",
};
var bill = new Option<string>("--bill")
{
    Description = "The HIS charge number: the settlement's idempotency key",
    DefaultValueFactory = _ => $"HIS-{Guid.NewGuid():N}",
};
var total = new Option<long>("--total-fen")
{
    Description = "The bill in fen",
    DefaultValueFactory = _ => 1500,
};

var gate = new Option<string>("--gate")
{
    Description = "The gate's id (in decisions and the ride journal)",
    DefaultValueFactory = _ => "G-01",
};
var line = new Option<string>("--line")
{
    Description = "The line the gate serves (its fare: Transit:LineFaresFen, else Transit:DefaultFareFen)",
    DefaultValueFactory = _ => "L1",
};
var stop = new Option<string>("--stop")
{
    Description = "The stop the gate is at",
    DefaultValueFactory = _ => "S-05",
};

var voucher = new Option<string>("--voucher")
{
    Description = "The outpatient's e-voucher token (the simulated card holder's by default)",
    DefaultValueFactory = _ => "SIMEC-SIM000001",
};
var idNumber = new Option<string>("--id-number")
{
    Description = "The inpatient's identity document number (the simulator's cross-region patient by default)",
    DefaultValueFactory = _ => "994403199203030035",
};
var name = new Option<string>("--name")
{
    Description = "The inpatient's name as on the document",
    DefaultValueFactory = _ => "测试丙",
};
var visit = new Option<string>("--visit")
{
    Description = "The prefix of the visit's numbers and idempotency keys",
    DefaultValueFactory = _ => $"K-{Guid.NewGuid():N}"[..20],
};

var his = new Command("his", "Hospital HIS: read, PIN, pre-settle, settle (offline when the centre is down), pay by e-voucher code") { pin, bill, total };
var library = new Command("library", "Library gate: card or code with identity.basic (pseudonymous holder id, masked name)");
var bank = new Command("bank", "Bank counter: full identity and the PIN on the reader's PIN pad") { pin };
var kiosk = new Command("kiosk", "Self-service kiosk: the card's own medical records, the log after the PIN on the pad") { pin };
var transit = new Command("transit", "Fare gate: tap cards and a transit code (paid, free by age, hot-listed, repeated)") { gate, line, stop };
var hospital = new Command("hospital", "Hospital kiosk: register and pay an outpatient visit; a cross-region patient's discharge settlement") { voucher, idNumber, name, visit };
var root = new RootCommand("Runnable examples of the CardBridge client guides (docs/guides)") { endpoint, apiKey, reader, scanner, his, hospital, library, bank, kiosk, transit };

his.SetAction((result, cancellationToken) => RunAsync(result, (service, holder) =>
    new HisExample(service, holder, Console.Out).RunAsync(
        result.GetValue(reader)!, result.GetValue(scanner)!, result.GetValue(pin)!, result.GetValue(bill)!, result.GetValue(total), cancellationToken)));
hospital.SetAction((result, cancellationToken) => RunAsync(result, (service, _) =>
    new HospitalKioskExample(service, Console.Out).RunAsync(
        result.GetValue(voucher)!, result.GetValue(idNumber)!, result.GetValue(name)!, result.GetValue(visit)!, cancellationToken)));
library.SetAction((result, cancellationToken) => RunAsync(result, (service, holder) =>
    new LibraryExample(service, holder, Console.Out).RunAsync(result.GetValue(scanner)!, cancellationToken)));
bank.SetAction((result, cancellationToken) => RunAsync(result, (service, holder) =>
    new BankExample(service, holder, Console.Out).RunAsync(result.GetValue(reader)!, result.GetValue(pin)!, cancellationToken)));
kiosk.SetAction((result, cancellationToken) => RunAsync(result, (service, holder) =>
    new KioskExample(service, holder, Console.Out).RunAsync(result.GetValue(reader)!, result.GetValue(pin)!, cancellationToken)));
transit.SetAction((result, cancellationToken) => RunAsync(result, (service, holder) =>
    new TransitExample(service, holder, Console.Out).RunAsync(
        result.GetValue(reader)!, result.GetValue(scanner)!, result.GetValue(gate)!, result.GetValue(line)!, result.GetValue(stop)!, cancellationToken)));

return await root.Parse(args).InvokeAsync();

async Task<int> RunAsync(ParseResult result, Func<Connection, SimulatedHolder, Task<int>> example)
{
    var address = new Uri(result.GetValue(endpoint)!);
    using var service = new Connection(address, result.GetValue(apiKey));
    using var simulator = new Connection(address, apiKey: null);
    return await example(service, new SimulatedHolder(simulator));
}
