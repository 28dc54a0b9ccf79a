package io.seckill.order.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.order.Order;
import io.seckill.platform.web.ApiErrors;
import io.seckill.platform.web.Money;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.user.Caller;
import io.seckill.user.CurrentUser;
import io.seckill.platform.web.Problems;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Step 3 of buying, and the buyer's own orders. Another user's order is "not found", never "forbidden". */
@RestController
class OrderController {

    private final OrderIntake intake;
    private final OrderStore orders;
    private final OrderLifecycle lifecycle;

    OrderController(OrderIntake intake, OrderStore orders, OrderLifecycle lifecycle) {
        this.intake = intake;
        this.orders = orders;
        this.lifecycle = lifecycle;
    }

    /**
     * A refusal is returned, not thrown: after a sell-out nearly every request ends here, and a thrown
     * one costs a reflective wrapper exception with a full stack trace on its way out of the handler.
     */
    @PostMapping("/api/orders")
    @ApiResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = OrderView.class)))
    @Problems({ProblemCode.TOKEN_INVALID, ProblemCode.PROMO_NOT_ACTIVE,
            ProblemCode.SOLD_OUT, ProblemCode.ALREADY_PURCHASED, ProblemCode.RATE_LIMITED})
    ResponseEntity<?> place(@Valid @RequestBody PlaceOrder request, Caller buyer) {
        return switch (intake.place(buyer, request.promoId(), request.quantity(), request.token())) {
            case Placement.Placed placed -> ResponseEntity.created(URI.create("/api/orders/" + placed.order().id()))
                    .body(OrderView.of(placed.order()));
            case Placement.Refused refused -> ApiErrors.respond(refused.rejection());
        };
    }

    @GetMapping("/api/orders/{id}")
    @Problems({ProblemCode.NOT_FOUND})
    OrderView order(CurrentUser caller, @PathVariable long id) {
        return OrderView.of(own(caller, id));
    }

    @GetMapping("/api/orders")
    List<OrderView> mine(CurrentUser caller) {
        return orders.ofUser(caller.id()).stream().map(OrderView::of).toList();
    }

    @PostMapping("/api/orders/{id}/payment")
    @Problems({ProblemCode.NOT_FOUND, ProblemCode.ORDER_NOT_PAYABLE})
    OrderView pay(CurrentUser caller, @PathVariable long id) {
        var order = own(caller, id);
        if (!lifecycle.pay(order)) {
            throw Rejection.of(ProblemCode.ORDER_NOT_PAYABLE,
                    "Only an UNPAID order can be paid, before its pay-by time").toException();
        }
        return OrderView.of(orders.find(id).orElseThrow());
    }

    @PostMapping("/api/orders/{id}/cancellation")
    @Problems({ProblemCode.NOT_FOUND, ProblemCode.ORDER_NOT_CANCELLABLE})
    OrderView cancel(CurrentUser caller, @PathVariable long id) {
        var order = own(caller, id);
        if (!lifecycle.cancel(order, "buyer")) {
            throw Rejection.of(ProblemCode.ORDER_NOT_CANCELLABLE, "Only an UNPAID order can be cancelled").toException();
        }
        return OrderView.of(orders.find(id).orElseThrow());
    }

    private Order own(CurrentUser caller, long id) {
        return orders.find(id).filter(order -> order.userId() == caller.id())
                .orElseThrow(() -> Rejection.of(ProblemCode.NOT_FOUND, "No order " + id).toException());
    }

    record PlaceOrder(@NotNull @Positive Long promoId, @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity,
            String token) {
        static final int MAX_QUANTITY = 100;
    }

    record OrderView(long id, long userId, long itemId, long promoId, int quantity, String unitPrice, String total,
            String status, Instant createdAt, Instant payBy) {
        static OrderView of(Order order) {
            return new OrderView(order.id(), order.userId(), order.itemId(), order.promoId(), order.quantity(),
                    Money.format(order.unitPrice()), Money.format(order.total()), order.status().name(),
                    order.createdAt(), order.payBy());
        }
    }
}
