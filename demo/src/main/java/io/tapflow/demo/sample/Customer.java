package io.tapflow.demo.sample;

/**
 * A row of {@code ecom_customers}, with Olist's columns. No value is null.
 *
 * @param customerId            the primary key, 32 hexadecimal digits
 * @param customerUniqueId      the person behind the account, 32 hexadecimal digits: a few people have
 *                              two accounts, and so two customers share this id
 * @param customerZipCodePrefix the first five digits of the zip code (CEP), with leading zeros ({@code "01409"})
 * @param customerCity          lower case, without accents, as Olist writes it ({@code "sao paulo"})
 * @param customerState         the state's two-letter code ({@code "SP"})
 */
public record Customer(
        String customerId,
        String customerUniqueId,
        String customerZipCodePrefix,
        String customerCity,
        String customerState) {
}
