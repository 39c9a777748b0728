using CardBridge.Cards.Identity;
using CardBridge.Cards.Layout;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Identity;

public sealed class CardFileLayoutTests
{
    [Fact]
    public void National_layout_has_the_DESIGN_8_defaults()
    {
        var layout = CardFileLayout.National;

        Assert.Equal("7378312E73682EC9E7BBE1B1A3D5CF", layout.SsseAid);
        Assert.Equal("D15600000503", layout.MedicalAid);
        Assert.Equal(5, layout.CardFile.Sfi);
        Assert.Equal(6, layout.HolderFile.Sfi);
        Assert.Equal(new DataElementSlot(1, 16), layout.CardFile.SlotOf(Tags.CardIdentificationCode));
        Assert.Equal(new DataElementSlot(7, 9), layout.CardFile.SlotOf(Tags.CardNumber));
        Assert.Equal(new DataElementSlot(2, 30), layout.HolderFile.SlotOf(Tags.Name));
        Assert.Equal(new DataElementSlot(3, 20), layout.HolderFile.SlotOf(Tags.NameExtension));
        Assert.Equal(new DataElementSlot(7, 4), layout.HolderFile.SlotOf(Tags.BirthDate));
    }

    [Fact]
    public void City_layout_loads_from_JSON_and_keeps_defaults_for_what_it_omits()
    {
        const string json = """
            {
              // a city whose cards keep the holder file under SFI 0x16 with the name extension last
              "holderFile": {
                "sfi": 22,
                "elements": {
                  "08": { "record": 1, "length": 18 },
                  "09": { "record": 2, "length": 30 },
                  "0a": { "record": 3, "length": 1 },
                  "0B": { "record": 4, "length": 1 },
                  "0C": { "record": 5, "length": 3 },
                  "0D": { "record": 6, "length": 4 },
                  "4E": { "record": 7, "length": 40 }
                }
              }
            }
            """;

        var layout = CardFileLayout.FromJson(json);

        Assert.Equal(22, layout.HolderFile.Sfi);
        Assert.Equal(new DataElementSlot(7, 40), layout.HolderFile.SlotOf(Tags.NameExtension));
        Assert.Equal(new DataElementSlot(3, 1), layout.HolderFile.SlotOf(Tags.Sex));
        Assert.Equal(CardFileLayout.National.SsseAid, layout.SsseAid);
        Assert.Equal(new DataElementSlot(1, 16), layout.CardFile.SlotOf(Tags.CardIdentificationCode));
    }

    [Theory]
    [InlineData("""{ "ssseAid": "73783" }""", "SsseAid")]
    [InlineData("""{ "cardFile": { "sfi": 31, "elements": {} } }""", "CardFile.Sfi")]
    [InlineData("""{ "cardFile": { "sfi": 5, "elements": { "01": { "record": 1, "length": 16 } } } }""", "CardFile.Elements.02")]
    [InlineData("""{ "holderFile": { "sfi": 6, "elements": { "08": { "record": 1, "length": 18 }, "09": { "record": 1, "length": 30 } } } }""", "HolderFile.Elements.09.Record")]
    [InlineData("""{ "holderFile": { "sfi": 6, "elements": { "08": { "record": 1, "length": 0 } } } }""", "HolderFile.Elements.08.Length")]
    [InlineData("""{ "cardFile": { "sfi": "five" } }""", "$.cardFile.sfi")]
    public void Invalid_layout_names_the_field(string json, string field)
    {
        var error = Assert.Throws<CardLayoutException>(() => CardFileLayout.FromJson(json));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Reader_asks_the_record_numbers_and_Le_the_layout_gives()
    {
        // A layout that believes the card number is 10 bytes: the reader asks Le 0C, the card corrects with
        // 6C0B and the channel re-issues, which shows the Le comes from the layout.
        var layout = CardFileLayout.FromJson("""
            {
              "cardFile": {
                "sfi": 5,
                "elements": {
                  "01": { "record": 1, "length": 16 }, "02": { "record": 2, "length": 1 }, "03": { "record": 3, "length": 4 },
                  "04": { "record": 4, "length": 12 }, "05": { "record": 5, "length": 4 }, "06": { "record": 6, "length": 4 },
                  "07": { "record": 7, "length": 10 }
                }
              }
            }
            """);
        var transport = new RecordingTransport(new SimulatedCardTransport(SimCard.SecondGen().Build()));

        var result = await new IdentityReader(null, new FixedTime(new DateOnly(2025, 6, 1)), layout)
            .ReadAsync(new CardChannel(transport), default, CancellationToken.None);

        Assert.Equal("SIM000002", result.Card.CardNumber);
        Assert.Equal(["00B2072C0C", "00B2072C0B"], transport.Commands.Where(c => c.StartsWith("00B2072C", StringComparison.Ordinal)));
    }
}
