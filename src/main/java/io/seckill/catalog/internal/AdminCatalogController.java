package io.seckill.catalog.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.catalog.Promo;
import io.seckill.catalog.internal.ItemViews.ItemView;
import io.seckill.platform.web.Money;
import io.seckill.user.AdminUser;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Problems;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Admins set up sales: items, promos, and publishing (which warms every cache and the counter). */
@RestController
class AdminCatalogController {

    private final CatalogAdministration administration;
    private final ItemViews views;

    AdminCatalogController(CatalogAdministration administration, ItemViews views) {
        this.administration = administration;
        this.views = views;
    }

    @PostMapping("/api/admin/items")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    ResponseEntity<ItemView> createItem(AdminUser admin, @Valid @RequestBody NewItem request) {
        var item = administration.createItem(request.title(), request.description() == null ? "" : request.description(),
                request.imageUrl() == null ? "" : request.imageUrl(), Money.parse(request.price()), request.stock());
        return ResponseEntity.created(URI.create("/api/items/" + item.id())).body(views.view(item, Instant.now()));
    }

    @PostMapping("/api/admin/promos")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @Problems({ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    ResponseEntity<PromoView> createPromo(AdminUser admin, @Valid @RequestBody NewPromo request) {
        var promo = administration.createPromo(request);
        return ResponseEntity.created(URI.create("/api/admin/promos/" + promo.id())).body(PromoView.of(promo));
    }

    /** Every promo, published or not, newest first: what the admin pages list (the catalogue shows only published ones). */
    @GetMapping("/api/admin/promos")
    List<PromoView> promos(AdminUser admin) {
        return administration.promos().stream().map(PromoView::of).toList();
    }

    @PostMapping("/api/admin/promos/{id}/publish")
    @Problems({ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    PromoView publish(AdminUser admin, @PathVariable long id) {
        return PromoView.of(administration.publish(id));
    }

    record NewItem(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 4000) String description,
            @Size(max = 1000) String imageUrl,
            @NotNull @Pattern(regexp = Money.PATTERN, message = "must be a decimal string like \"19.99\"") @DecimalMin("0.01") String price,
            @NotNull @Min(0) @Max(100_000_000) Integer stock) {
    }

    record NewPromo(
            @NotNull @Positive Long itemId,
            @NotBlank @Size(max = 200) String title,
            @NotNull @Pattern(regexp = Money.PATTERN, message = "must be a decimal string like \"19.99\"") @DecimalMin("0.01") String promoPrice,
            @NotNull Instant startAt,
            @NotNull Instant endAt,
            @Min(1) @Max(100) Integer perUserLimit,
            @Min(1) @Max(10_080) Integer paymentMinutes) {
    }

    record PromoView(long id, long itemId, String title, String promoPrice, Instant startAt, Instant endAt,
            int perUserLimit, int paymentMinutes, boolean published, Integer initialStock) {
        static PromoView of(Promo promo) {
            return new PromoView(promo.id(), promo.itemId(), promo.title(), Money.format(promo.promoPrice()),
                    promo.startAt(), promo.endAt(), promo.perUserLimit(), promo.paymentMinutes(), promo.published(),
                    promo.initialStock());
        }
    }
}
