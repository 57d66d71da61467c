// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";

import {Kith} from "../../../contracts/Kith.sol";
import {KithTips} from "../../../contracts/KithTips.sol";
import {TestToken} from "../mocks/TestToken.sol";
import {FeeOnTransferToken} from "../mocks/tips/FeeOnTransferToken.sol";
import {TipsHandler} from "./handlers/TipsHandler.sol";

/// @notice Random tips (ETH, a plain and a fee-on-transfer ERC-20) to random posts of a few
///         profiles, withdrawals and custody transfers: for every asset, the contract holds exactly
///         what the profiles can withdraw, and everything credited is either withdrawn or still
///         there.
contract KithTipsInvariantTest is Test {
    Kith internal kith;
    KithTips internal tips;
    TipsHandler internal handler;

    function setUp() public {
        kith = new Kith();
        tips = new KithTips(address(kith));
        handler = new TipsHandler(kith, tips, new TestToken(), new FeeOnTransferToken());

        bytes4[] memory selectors = new bytes4[](4);
        selectors[0] = TipsHandler.tipEth.selector;
        selectors[1] = TipsHandler.tipToken.selector;
        selectors[2] = TipsHandler.withdraw.selector;
        selectors[3] = TipsHandler.transferCustody.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev Solvency: `tips` holds, of each asset, exactly the sum of the profiles' balances.
    function invariant_HoldingsEqualSumOfBalances() public view {
        for (uint256 a; a < handler.assetCount(); ++a) {
            address asset = handler.assets(a);
            uint256 held = asset == address(0) ? address(tips).balance : IERC20(asset).balanceOf(address(tips));
            assertEq(held, _sumOfBalances(asset), string.concat("solvency of asset #", vm.toString(a)));
        }
    }

    /// @dev Conservation: total tipped (as credited) == total withdrawn + total still owed.
    function invariant_TippedEqualsWithdrawnPlusBalances() public view {
        for (uint256 a; a < handler.assetCount(); ++a) {
            address asset = handler.assets(a);
            assertEq(
                handler.ghostTipped(asset),
                handler.ghostWithdrawn(asset) + _sumOfBalances(asset),
                string.concat("conservation of asset #", vm.toString(a))
            );
        }
    }

    /// @dev Each profile's balance is what the handler's own arithmetic says, and every withdrawal
    ///      paid its recipient exactly that (minus the fee token's fee).
    function invariant_BalancesAndPayoutsMatchModel() public view {
        for (uint256 a; a < handler.assetCount(); ++a) {
            address asset = handler.assets(a);
            for (uint256 p = 1; p <= handler.PROFILES(); ++p) {
                assertEq(tips.balanceOf(p, asset), handler.ghostBalance(p, asset), "balance");
            }
        }
        assertEq(handler.payoutMismatches(), 0, "payouts");
    }

    function _sumOfBalances(address asset) internal view returns (uint256 sum) {
        for (uint256 p = 1; p <= handler.PROFILES(); ++p) {
            sum += tips.balanceOf(p, asset);
        }
    }
}
