package com.example.petclinic;

import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/** Two owners with their pets, stored at start-up (outside any request: nothing is recorded for it). */
@Component
public class ClinicData implements CommandLineRunner {

    private final OwnerRepository owners;

    public ClinicData(OwnerRepository owners) {
        this.owners = owners;
    }

    @Override
    public void run(String... args) {
        Owner franklin = new Owner("Franklin");
        franklin.getPets().add(new Pet("Leo", franklin));
        franklin.getPets().add(new Pet("Basil", franklin));
        owners.save(franklin);
        Owner davis = new Owner("Davis");
        davis.getPets().add(new Pet("Rosy", davis));
        owners.save(davis);
    }
}
