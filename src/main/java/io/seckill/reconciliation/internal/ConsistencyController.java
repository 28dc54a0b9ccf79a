package io.seckill.reconciliation.internal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.reconciliation.ConsistencyReport;
import io.seckill.user.AdminUser;

@RestController
class ConsistencyController {

    private final StockReconciler reconciler;

    ConsistencyController(StockReconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** The books as they are now; pending work is settled by the background run, not by this read. */
    @GetMapping("/api/admin/consistency")
    ConsistencyReport consistency(AdminUser admin) {
        return reconciler.check();
    }
}
