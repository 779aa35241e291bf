package io.tapflow.demo.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where customers live: Brazil's 27 states, weighted by their share of Olist's customers, and within each
 * its largest cities by their share of the state's customers, each with its range of five-digit zip code
 * prefixes (CEP). Names are written as Olist writes them: lower case, without accents.
 */
final class Places {

    /** A city, its state, how many customers it has relative to its state's other cities, and its zip prefixes. */
    record City(String name, String state, int weight, int zipFrom, int zipTo) {
    }

    /** A state, its share of customers, what shipping there adds to the freight, and its cities. */
    private record State(String code, int weight, double freightSurcharge, List<City> cities) {
    }

    private static final List<State> STATES = List.of(
            state("SP", 41746, 0.0,
                    city("sao paulo", 15540, "01000-05999"),
                    city("campinas", 1444, "13000-13139"),
                    city("guarulhos", 1189, "07000-07399"),
                    city("sao bernardo do campo", 938, "09600-09899"),
                    city("santo andre", 797, "09000-09299"),
                    city("osasco", 746, "06000-06299"),
                    city("santos", 713, "11000-11099"),
                    city("sao jose dos campos", 691, "12200-12249"),
                    city("sorocaba", 633, "18000-18109"),
                    city("jundiai", 565, "13200-13219"),
                    city("ribeirao preto", 510, "14000-14114"),
                    city("barueri", 427, "06400-06499"),
                    city("mogi das cruzes", 383, "08700-08899"),
                    city("sao jose do rio preto", 350, "15000-15099"),
                    city("piracicaba", 330, "13400-13429"),
                    city("diadema", 290, "09900-09999"),
                    city("carapicuiba", 250, "06300-06399"),
                    city("sao caetano do sul", 250, "09500-09599"),
                    city("bauru", 260, "17000-17099"),
                    city("taubate", 220, "12000-12119"),
                    city("praia grande", 200, "11700-11729"),
                    city("indaiatuba", 190, "13330-13349"),
                    city("limeira", 190, "13480-13489"),
                    city("suzano", 180, "08600-08699"),
                    city("americana", 170, "13465-13479"),
                    city("franca", 170, "14400-14414"),
                    city("aracatuba", 110, "16000-16099"),
                    city("santa barbara d'oeste", 110, "13450-13459")),
            state("RJ", 12852, 4.0,
                    city("rio de janeiro", 6882, "20000-23799"),
                    city("niteroi", 849, "24000-24399"),
                    city("nova iguacu", 435, "26000-26099"),
                    city("sao goncalo", 400, "24400-24799"),
                    city("duque de caxias", 380, "25000-25299"),
                    city("petropolis", 250, "25600-25799"),
                    city("campos dos goytacazes", 240, "28000-28099"),
                    city("volta redonda", 200, "27200-27299"),
                    city("belford roxo", 180, "26100-26199"),
                    city("sao joao de meriti", 170, "25500-25599"),
                    city("macae", 150, "27900-27999"),
                    city("teresopolis", 140, "25950-25999"),
                    city("cabo frio", 110, "28900-28999"),
                    city("nova friburgo", 100, "28600-28699")),
            state("MG", 11635, 4.0,
                    city("belo horizonte", 2773, "30000-31999"),
                    city("contagem", 429, "32000-32399"),
                    city("juiz de fora", 427, "36000-36099"),
                    city("uberlandia", 400, "38400-38419"),
                    city("betim", 250, "32600-32699"),
                    city("montes claros", 180, "39400-39409"),
                    city("uberaba", 170, "38000-38099"),
                    city("nova lima", 140, "34000-34099"),
                    city("divinopolis", 130, "35500-35504"),
                    city("ipatinga", 120, "35160-35169"),
                    city("governador valadares", 110, "35000-35099"),
                    city("pocos de caldas", 110, "37700-37719"),
                    city("sete lagoas", 100, "35700-35704"),
                    city("varginha", 90, "37000-37099")),
            state("RS", 5466, 5.0,
                    city("porto alegre", 1379, "90000-91999"),
                    city("caxias do sul", 300, "95000-95129"),
                    city("canoas", 240, "92000-92499"),
                    city("pelotas", 230, "96000-96099"),
                    city("santa maria", 200, "97000-97119"),
                    city("novo hamburgo", 200, "93300-93599"),
                    city("gravatai", 130, "94000-94199"),
                    city("sao leopoldo", 130, "93000-93179"),
                    city("passo fundo", 120, "99000-99099"),
                    city("viamao", 90, "94400-94599")),
            state("PR", 5045, 5.0,
                    city("curitiba", 1521, "80000-82999"),
                    city("londrina", 300, "86000-86099"),
                    city("maringa", 280, "87000-87099"),
                    city("sao jose dos pinhais", 200, "83000-83099"),
                    city("ponta grossa", 170, "84000-84099"),
                    city("cascavel", 150, "85800-85819"),
                    city("foz do iguacu", 120, "85850-85869"),
                    city("colombo", 110, "83400-83419"),
                    city("guarapuava", 80, "85000-85099")),
            state("SC", 3637, 5.0,
                    city("florianopolis", 570, "88000-88099"),
                    city("joinville", 300, "89200-89239"),
                    city("blumenau", 300, "89000-89099"),
                    city("sao jose", 250, "88100-88123"),
                    city("balneario camboriu", 170, "88330-88339"),
                    city("itajai", 160, "88300-88319"),
                    city("criciuma", 150, "88800-88819"),
                    city("palhoca", 150, "88130-88139"),
                    city("chapeco", 110, "89800-89819"),
                    city("jaragua do sul", 100, "89250-89269")),
            state("BA", 3380, 13.0,
                    city("salvador", 1245, "40000-42499"),
                    city("feira de santana", 220, "44000-44099"),
                    city("lauro de freitas", 150, "42700-42749"),
                    city("vitoria da conquista", 120, "45000-45099"),
                    city("camacari", 110, "42800-42849"),
                    city("itabuna", 90, "45600-45619"),
                    city("ilheus", 80, "45650-45669"),
                    city("juazeiro", 60, "48900-48909"),
                    city("barreiras", 50, "47800-47809")),
            state("DF", 2140, 9.0,
                    city("brasilia", 2131, "70000-72799")),
            state("ES", 2033, 4.0,
                    city("vila velha", 500, "29100-29129"),
                    city("vitoria", 500, "29000-29099"),
                    city("serra", 400, "29160-29189"),
                    city("cariacica", 250, "29140-29159"),
                    city("cachoeiro de itapemirim", 120, "29300-29319"),
                    city("guarapari", 80, "29200-29229"),
                    city("linhares", 80, "29900-29909")),
            state("GO", 2020, 9.0,
                    city("goiania", 692, "74000-74899"),
                    city("aparecida de goiania", 250, "74900-74999"),
                    city("anapolis", 180, "75000-75149"),
                    city("rio verde", 80, "75900-75909"),
                    city("luziania", 60, "72800-72899")),
            state("PE", 1652, 13.0,
                    city("recife", 613, "50000-52999"),
                    city("jaboatao dos guararapes", 250, "54000-54499"),
                    city("olinda", 150, "53000-53399"),
                    city("caruaru", 120, "55000-55099"),
                    city("petrolina", 100, "56300-56339"),
                    city("paulista", 100, "53400-53499")),
            state("CE", 1336, 13.0,
                    city("fortaleza", 654, "60000-61599"),
                    city("caucaia", 80, "61600-61699"),
                    city("juazeiro do norte", 80, "63000-63099"),
                    city("maracanau", 60, "61900-61939"),
                    city("sobral", 60, "62000-62099")),
            state("PA", 975, 16.0,
                    city("belem", 445, "66000-66999"),
                    city("ananindeua", 150, "67000-67199"),
                    city("santarem", 80, "68000-68099"),
                    city("maraba", 70, "68500-68509"),
                    city("castanhal", 50, "68740-68749")),
            state("MT", 907, 9.0,
                    city("cuiaba", 300, "78000-78099"),
                    city("varzea grande", 150, "78110-78159"),
                    city("rondonopolis", 100, "78700-78799"),
                    city("sinop", 70, "78550-78559")),
            state("MA", 747, 13.0,
                    city("sao luis", 300, "65000-65109"),
                    city("imperatriz", 100, "65900-65919"),
                    city("sao jose de ribamar", 50, "65110-65119")),
            state("MS", 715, 9.0,
                    city("campo grande", 400, "79000-79129"),
                    city("dourados", 100, "79800-79849"),
                    city("tres lagoas", 50, "79600-79649")),
            state("PB", 536, 13.0,
                    city("joao pessoa", 300, "58000-58099"),
                    city("campina grande", 130, "58400-58449")),
            state("PI", 495, 13.0,
                    city("teresina", 300, "64000-64099"),
                    city("parnaiba", 50, "64200-64219")),
            state("RN", 485, 13.0,
                    city("natal", 330, "59000-59139"),
                    city("parnamirim", 80, "59140-59159"),
                    city("mossoro", 70, "59600-59649")),
            state("AL", 413, 13.0,
                    city("maceio", 300, "57000-57099"),
                    city("arapiraca", 60, "57300-57319")),
            state("SE", 350, 13.0,
                    city("aracaju", 270, "49000-49099"),
                    city("nossa senhora do socorro", 40, "49160-49169")),
            state("TO", 280, 16.0,
                    city("palmas", 150, "77000-77299"),
                    city("araguaina", 70, "77800-77849")),
            state("RO", 253, 16.0,
                    city("porto velho", 120, "76800-76849"),
                    city("ji-parana", 50, "76900-76909")),
            state("AM", 148, 16.0,
                    city("manaus", 130, "69000-69099")),
            state("AC", 81, 16.0,
                    city("rio branco", 70, "69900-69924")),
            state("AP", 68, 16.0,
                    city("macapa", 60, "68900-68914")),
            state("RR", 46, 16.0,
                    city("boa vista", 45, "69300-69339")));

    private static final Weighted<State> STATE_WEIGHTS;
    private static final Map<String, State> BY_CODE = new LinkedHashMap<>();
    private static final Map<String, Weighted<City>> CITY_WEIGHTS = new LinkedHashMap<>();

    static {
        Weighted.Builder<State> states = Weighted.builder();
        for (State state : STATES) {
            states.add(state, state.weight());
            BY_CODE.put(state.code(), state);
            Weighted.Builder<City> cities = Weighted.builder();
            state.cities().forEach(city -> cities.add(city, city.weight()));
            CITY_WEIGHTS.put(state.code(), cities.build());
        }
        STATE_WEIGHTS = states.build();
    }

    private Places() {
    }

    /** A city, drawn first by its state's share of customers, then by its share of the state's. */
    static City pickCity(SampleRandom random) {
        return CITY_WEIGHTS.get(STATE_WEIGHTS.pick(random).code()).pick(random);
    }

    /** A five-digit zip code prefix of the city, with its leading zeros ({@code "01409"}). */
    static String pickZipPrefix(City city, SampleRandom random) {
        return String.format(Locale.ROOT, "%05d", random.between(city.zipFrom(), city.zipTo()));
    }

    /** What shipping to the state adds to an item's freight, in reais: most sellers are in São Paulo. */
    static double freightSurcharge(String state) {
        return BY_CODE.get(state).freightSurcharge();
    }

    private static State state(String code, int weight, double freightSurcharge, CityInState... cities) {
        return new State(code, weight, freightSurcharge,
                List.of(cities).stream().map(city -> city.in(code)).toList());
    }

    private static CityInState city(String name, int weight, String zipRange) {
        String[] bounds = zipRange.split("-");
        return new CityInState(name, weight, Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]));
    }

    /** A city as the table above writes it, before it knows its state. */
    private record CityInState(String name, int weight, int zipFrom, int zipTo) {
        City in(String state) {
            return new City(name, state, weight, zipFrom, zipTo);
        }
    }
}
