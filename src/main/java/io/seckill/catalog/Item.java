package io.seckill.catalog;

import java.math.BigDecimal;

/** Something for sale. Its stock is kept by the stock feature, not here. */
public record Item(long id, String title, String description, String imageUrl, BigDecimal price) {
}
