package io.tapflow.demo.sample;

import java.util.List;

/**
 * Olist's product categories (Portuguese, as Olist names them), weighted by how many products each has,
 * with the size of a typical product and its median price in reais.
 */
final class Categories {

    /** How big and heavy a category's products are: the range of each measure. */
    enum Size {
        SMALL(new Range(50, 2_000), new Range(11, 40), new Range(2, 20), new Range(11, 30)),
        MEDIUM(new Range(200, 10_000), new Range(16, 60), new Range(5, 50), new Range(11, 50)),
        LARGE(new Range(1_000, 30_000), new Range(30, 105), new Range(10, 105), new Range(20, 100));

        final Range weightG;
        final Range lengthCm;
        final Range heightCm;
        final Range widthCm;

        Size(Range weightG, Range lengthCm, Range heightCm, Range widthCm) {
            this.weightG = weightG;
            this.lengthCm = lengthCm;
            this.heightCm = heightCm;
            this.widthCm = widthCm;
        }
    }

    /** Whole numbers from {@code min} to {@code max}, both included. */
    record Range(int min, int max) {

        /** Any number of the range, all as likely. */
        int pick(SampleRandom random) {
            return (int) random.between(min, max);
        }

        /** A number of the range whose logarithm is uniform: as many light products as heavy ones, in ratio. */
        int pickLogUniform(SampleRandom random) {
            return (int) random.logUniform(min, max);
        }
    }

    record Category(String name, int products, Size size, int medianPrice) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("cama_mesa_banho", 3029, Size.MEDIUM, 80),
            new Category("esporte_lazer", 2867, Size.MEDIUM, 90),
            new Category("moveis_decoracao", 2657, Size.LARGE, 90),
            new Category("beleza_saude", 2444, Size.SMALL, 100),
            new Category("utilidades_domesticas", 2335, Size.MEDIUM, 70),
            new Category("automotivo", 1900, Size.MEDIUM, 100),
            new Category("informatica_acessorios", 1639, Size.SMALL, 90),
            new Category("brinquedos", 1411, Size.MEDIUM, 90),
            new Category("relogios_presentes", 1329, Size.SMALL, 150),
            new Category("telefonia", 1134, Size.SMALL, 40),
            new Category("bebes", 919, Size.MEDIUM, 110),
            new Category("perfumaria", 868, Size.SMALL, 90),
            new Category("fashion_bolsas_e_acessorios", 849, Size.SMALL, 50),
            new Category("papelaria", 849, Size.SMALL, 60),
            new Category("cool_stuff", 789, Size.MEDIUM, 120),
            new Category("ferramentas_jardim", 753, Size.MEDIUM, 90),
            new Category("pet_shop", 719, Size.MEDIUM, 80),
            new Category("eletronicos", 517, Size.SMALL, 50),
            new Category("construcao_ferramentas_construcao", 400, Size.MEDIUM, 110),
            new Category("eletrodomesticos", 370, Size.LARGE, 120),
            new Category("malas_acessorios", 349, Size.LARGE, 150),
            new Category("consoles_games", 317, Size.SMALL, 100),
            new Category("moveis_escritorio", 309, Size.LARGE, 200),
            new Category("instrumentos_musicais", 289, Size.MEDIUM, 200),
            new Category("eletroportateis", 231, Size.LARGE, 250),
            new Category("casa_construcao", 225, Size.MEDIUM, 120),
            new Category("livros_interesse_geral", 216, Size.SMALL, 40),
            new Category("fashion_calcados", 173, Size.SMALL, 80),
            new Category("moveis_sala", 156, Size.LARGE, 150),
            new Category("climatizacao", 124, Size.LARGE, 180),
            new Category("livros_tecnicos", 123, Size.SMALL, 70),
            new Category("alimentos", 82, Size.SMALL, 40),
            new Category("bebidas", 81, Size.SMALL, 50),
            new Category("pcs", 30, Size.MEDIUM, 1100));

    private static final Weighted<Category> WEIGHTED;

    static {
        Weighted.Builder<Category> builder = Weighted.builder();
        CATEGORIES.forEach(category -> builder.add(category, category.products()));
        WEIGHTED = builder.build();
    }

    private Categories() {
    }

    static Category pick(SampleRandom random) {
        return WEIGHTED.pick(random);
    }

    /** Every category name. */
    static List<String> names() {
        return CATEGORIES.stream().map(Category::name).toList();
    }
}
