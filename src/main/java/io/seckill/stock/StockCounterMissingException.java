package io.seckill.stock;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A release found no counter for the buyer's bucket (Redis lost it). The units are not returned and the claim
 * must not be recorded as released: the reconciliation retries it once the counter is rebuilt.
 */
public class StockCounterMissingException extends TransientDataAccessResourceException {

    StockCounterMissingException(StockClaim claim) {
        super("the stock counter of item " + claim.itemId() + " is missing; order " + claim.orderId()
                + " returns its units once the counter is rebuilt");
    }
}
