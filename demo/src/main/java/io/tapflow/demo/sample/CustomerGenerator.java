package io.tapflow.demo.sample;

/** Makes the rows of {@code ecom_customers}: each from its number alone. */
final class CustomerGenerator {

    /** The share of customers who are a person with another account already (Olist's customer_unique_id). */
    private static final double SECOND_ACCOUNT = 0.03;

    private final long seed;

    CustomerGenerator(long seed) {
        this.seed = seed;
    }

    Customer customer(int index) {
        SampleRandom random = SampleRandom.forRow(seed, ECommerceSample.CUSTOMERS, index);
        String customerId = random.hexId();
        int person = index > 0 && random.chance(SECOND_ACCOUNT) ? random.nextInt(index) : index;
        Places.City city = Places.pickCity(random);
        return new Customer(customerId, personId(person), Places.pickZipPrefix(city, random), city.name(),
                city.state());
    }

    private String personId(int person) {
        return SampleRandom.forRow(seed, "customer_unique_id", person).hexId();
    }
}
