package dev.ecomstream.generator.reference;

import dev.ecomstream.generator.random.RandomValues;
import dev.ecomstream.generator.random.Weighted;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Countries, with their share of TheLook's users, and cities in each. The text keeps the exports' quirks:
 * non-ASCII and CJK street names, commas and apostrophes in addresses, postal codes with leading zeros and
 * hyphens, a few cities spelled as the literal text {@code null}, and both {@code Spain} and {@code España}.
 * In street and postal patterns each {@code #} is a random digit.
 */
public final class Places {

    private record City(String state, String city, String postalPattern, double latitude, double longitude) {
    }

    private record Country(String name, List<String> streets, List<City> cities) {
    }

    private static final Weighted<Country> COUNTRIES = Weighted.<Country>builder()
            .add(new Country("China",
                    List.of("# Nanjing Road", "No. ## Jianguo Road, Chaoyang", "北京市朝阳区建国路##号",
                            "上海市浦东新区世纪大道###号"),
                    List.of(new City("Shanghai", "Shanghai", "200###", 31.23, 121.47),
                            new City("Beijing", "Beijing", "100###", 39.90, 116.40),
                            new City("Guangdong", "Guangzhou", "510###", 23.13, 113.26),
                            new City("Guangdong", "Shenzhen", "518###", 22.54, 114.06),
                            new City("Sichuan", "Chengdu", "610###", 30.66, 104.07),
                            new City("Zhejiang", "Hangzhou", "310###", 30.27, 120.16),
                            new City("Hubei", "Wuhan", "430###", 30.59, 114.31),
                            new City("Jiangsu", "null", "215###", 31.30, 120.58))), 34)
            .add(new Country("United States",
                    List.of("# Main Street", "#### Oak Ave, Apt ##", "## O'Farrell St",
                            "### Martin Luther King Jr Blvd"),
                    List.of(new City("California", "Los Angeles", "900##", 34.05, -118.24),
                            new City("New York", "New York", "100##", 40.71, -74.01),
                            new City("Texas", "Houston", "770##", 29.76, -95.37),
                            new City("Massachusetts", "Boston", "021##", 42.36, -71.06),
                            new City("New Jersey", "Newark", "071##", 40.73, -74.17),
                            new City("Illinois", "Chicago", "606##", 41.88, -87.63),
                            new City("Florida", "Miami", "331##", 25.76, -80.19),
                            new City("Washington", "Seattle", "981##", 47.61, -122.33))), 22.5)
            .add(new Country("Brasil",
                    List.of("Rua Augusta, ###", "Av. Paulista, ####", "Rua São João, ##", "Praça da Sé, # - Sé"),
                    List.of(new City("São Paulo", "São Paulo", "0####-000", -23.55, -46.63),
                            new City("Rio de Janeiro", "Rio de Janeiro", "2####-###", -22.91, -43.17),
                            new City("Minas Gerais", "Belo Horizonte", "3####-###", -19.92, -43.94),
                            new City("Bahia", "Salvador", "4####-###", -12.97, -38.50),
                            new City("Paraná", "Curitiba", "8####-###", -25.43, -49.27))), 14.5)
            .add(new Country("South Korea",
                    List.of("## Sejong-daero, Jung-gu", "서울특별시 강남구 테헤란로 ###"),
                    List.of(new City("Seoul", "Seoul", "0####", 37.57, 126.98),
                            new City("Busan", "Busan", "4####", 35.18, 129.08),
                            new City("Gyeonggi-do", "Suwon", "16###", 37.26, 127.03))), 5)
            .add(new Country("France",
                    List.of("## Rue de l'Église", "# bis, Avenue des Champs-Élysées", "### Boulevard Saint-Germain"),
                    List.of(new City("Île-de-France", "Paris", "75###", 48.86, 2.35),
                            new City("Auvergne-Rhône-Alpes", "Lyon", "690##", 45.76, 4.84),
                            new City("Provence-Alpes-Côte d'Azur", "Marseille", "130##", 43.30, 5.37))), 4.5)
            .add(new Country("United Kingdom",
                    List.of("## King's Road", "Flat #, ## Baker Street", "### High Street"),
                    List.of(new City("England", "London", "EC1A #BB", 51.51, -0.13),
                            new City("England", "Manchester", "M# #AE", 53.48, -2.24),
                            new City("Scotland", "Edinburgh", "EH# #NG", 55.95, -3.19))), 4.5)
            .add(new Country("Germany",
                    List.of("Müllerstraße ##", "Königsallee ##", "Straße des 17. Juni ###"),
                    List.of(new City("Berlin", "Berlin", "10###", 52.52, 13.40),
                            new City("Bayern", "München", "80###", 48.14, 11.58),
                            new City("Sachsen", "Dresden", "01###", 51.05, 13.74),
                            new City("Nordrhein-Westfalen", "Köln", "50###", 50.94, 6.96))), 4)
            .add(new Country("Spain",
                    List.of("Calle de Alcalá, ###", "Carrer de Sant Pere, ##", "Paseo de la Castellana, ###"),
                    List.of(new City("Madrid", "Madrid", "28###", 40.42, -3.70),
                            new City("Cataluña", "Barcelona", "08###", 41.39, 2.17),
                            new City("Andalucía", "Sevilla", "41###", 37.39, -5.98))), 4)
            .add(new Country("Japan",
                    List.of("#-#-# Shiba-koen, Minato-ku", "東京都港区芝公園#-#-#", "北海道札幌市中央区北#条西#丁目"),
                    List.of(new City("Tokyo", "Tokyo", "1##-####", 35.68, 139.69),
                            new City("Hokkaido", "Sapporo", "0##-00##", 43.06, 141.35),
                            new City("Osaka", "Osaka", "5##-####", 34.69, 135.50),
                            new City("Hokkaido", "null", "0##-####", 43.00, 141.50))), 2.5)
            .add(new Country("Australia",
                    List.of("## George Street", "Unit #, ## O'Connell Street"),
                    List.of(new City("New South Wales", "Sydney", "2###", -33.87, 151.21),
                            new City("Victoria", "Melbourne", "3###", -37.81, 144.96))), 2)
            .add(new Country("Belgium",
                    List.of("Rue de la Loi ##", "Grote Markt #"),
                    List.of(new City("Brussels", "Bruxelles", "1###", 50.85, 4.35),
                            new City("Flanders", "Antwerpen", "2###", 51.22, 4.40))), 1.2)
            .add(new Country("Poland", List.of("ul. Marszałkowska ##"),
                    List.of(new City("Mazowieckie", "Warszawa", "0#-###", 52.23, 21.01))), 0.2)
            .add(new Country("Colombia", List.of("Calle ## # ##-##"),
                    List.of(new City("Bogotá", "Bogotá", "11####", 4.71, -74.07))), 0.1)
            .add(new Country("Austria", List.of("Mariahilfer Straße ##"),
                    List.of(new City("Wien", "Wien", "1###", 48.21, 16.37))), 0.1)
            .add(new Country("España", List.of("Calle Mayor, ##"),
                    List.of(new City("Madrid", "Madrid", "28###", 40.42, -3.70))), 0.05)
            .add(new Country("Deutschland", List.of("Hauptstraße ##"),
                    List.of(new City("Berlin", "Berlin", "10###", 52.52, 13.40))), 0.05)
            .build();

    /** How far (degrees) a generated point may lie from its city's centre. */
    private static final double SPREAD = 0.3;

    private Places() {
    }

    public static Address randomAddress(SplittableRandom random) {
        Country country = COUNTRIES.pick(random);
        City city = country.cities().get(random.nextInt(country.cities().size()));
        String street = country.streets().get(random.nextInt(country.streets().size()));
        return new Address(
                RandomValues.digits(random, street),
                RandomValues.digits(random, city.postalPattern()),
                city.city(),
                city.state(),
                country.name(),
                city.latitude() + RandomValues.between(random, -SPREAD, SPREAD),
                city.longitude() + RandomValues.between(random, -SPREAD, SPREAD));
    }
}
